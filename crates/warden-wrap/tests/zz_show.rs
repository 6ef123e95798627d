mod common;
use common::*;
#[test]
fn show() {
    for (client, rel) in FIXTURES {
        let s = scratch(rel);
        let f = read(client, &s.file);
        let p = warden_wrap::plan_wrap(&f, &options(&s.state)).unwrap();
        println!("==== {client}\n{}", p.diff());
    }
}
