//! Moving bytes: two threads with blocking I/O, one per direction, and the server's lifecycle.
//!
//! [`relay`] runs the two directions; [`run_child`] also supervises a spawned server: when the
//! client goes away it closes the server's input, waits, then sends `SIGTERM` and finally
//! `SIGKILL`; when the server goes away every pending request is answered with an error.

use std::io::{self, Read, Write};
use std::process::{Child, ExitStatus};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::audit::Record;
use crate::framing::Framer;
use crate::guard::{Guard, Out};

/// What happened on the relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The client closed its output (our input) or stopped reading ours.
    ClientClosed,
    /// The server closed its output (our server-side input).
    ServerClosed,
    /// A signal to forward to the server (sent by the embedding program).
    Signal(i32),
}

type SharedWriter = Arc<Mutex<Box<dyn Write + Send>>>;

/// A running relay.
pub struct Relay {
    events: Receiver<Event>,
    sender: Sender<Event>,
    server_in: Arc<Mutex<Option<Box<dyn Write + Send>>>>,
    client_out: SharedWriter,
    guard: Arc<Guard>,
}

fn write_shared(w: &SharedWriter, bytes: &[u8]) -> io::Result<()> {
    let mut w = w.lock().unwrap_or_else(|p| p.into_inner());
    w.write_all(bytes)?;
    w.flush()
}

/// Starts relaying: client input → guard → server input, server output → guard → client output.
/// Each direction runs on its own thread with blocking I/O. Fails only if a thread cannot be
/// started.
pub fn relay<CI, CO, SI, SO>(
    guard: Arc<Guard>,
    client_in: CI,
    client_out: CO,
    server_in: SI,
    server_out: SO,
) -> io::Result<Relay>
where
    CI: Read + Send + 'static,
    CO: Write + Send + 'static,
    SI: Write + Send + 'static,
    SO: Read + Send + 'static,
{
    let (tx, rx) = mpsc::channel();
    let client_out: SharedWriter = Arc::new(Mutex::new(Box::new(client_out)));
    let server_in: Arc<Mutex<Option<Box<dyn Write + Send>>>> =
        Arc::new(Mutex::new(Some(Box::new(server_in))));

    {
        let (guard, tx, client_out, server_in) = (
            guard.clone(),
            tx.clone(),
            client_out.clone(),
            server_in.clone(),
        );
        let mut client_in = client_in;
        thread::Builder::new()
            .name("guard-client".into())
            .spawn(move || {
                let mut framer = Framer::new(guard.policy().max_client_message);
                let mut out = Out::default();
                let mut server_ok = true;
                loop {
                    let eof = !matches!(framer.read_from(&mut client_in), Ok(n) if n > 0);
                    if eof {
                        framer.finish();
                    }
                    while let Some(frame) = framer.next_frame() {
                        guard.client_frame(frame, &mut out);
                    }
                    if !out.to_client.is_empty() {
                        if write_shared(&client_out, &out.to_client).is_err() {
                            let _ = tx.send(Event::ClientClosed);
                        }
                        out.to_client.clear();
                    }
                    if !out.to_server.is_empty() {
                        if server_ok {
                            let mut si = server_in.lock().unwrap_or_else(|p| p.into_inner());
                            server_ok = match si.as_mut() {
                                Some(w) => {
                                    w.write_all(&out.to_server).and_then(|()| w.flush()).is_ok()
                                }
                                None => false,
                            };
                        }
                        // A server that stopped reading: its pending requests are answered when
                        // its output ends.
                        out.to_server.clear();
                    }
                    if eof {
                        break;
                    }
                }
                server_in.lock().unwrap_or_else(|p| p.into_inner()).take();
                let _ = tx.send(Event::ClientClosed);
            })?;
    }
    {
        let (guard, tx, client_out) = (guard.clone(), tx.clone(), client_out.clone());
        let mut server_out = server_out;
        thread::Builder::new()
            .name("guard-server".into())
            .spawn(move || {
                let mut framer = Framer::new(guard.policy().max_server_message);
                let mut out = Out::default();
                let mut client_ok = true;
                loop {
                    let eof = !matches!(framer.read_from(&mut server_out), Ok(n) if n > 0);
                    if eof {
                        framer.finish();
                    }
                    while let Some(frame) = framer.next_frame() {
                        guard.server_frame(frame, &mut out);
                    }
                    if eof {
                        guard.server_closed(&mut out.to_client);
                    }
                    if !out.to_client.is_empty() {
                        if client_ok && write_shared(&client_out, &out.to_client).is_err() {
                            client_ok = false;
                            let _ = tx.send(Event::ClientClosed);
                        }
                        out.to_client.clear();
                    }
                    if eof {
                        break;
                    }
                }
                let _ = tx.send(Event::ServerClosed);
            })?;
    }
    Ok(Relay {
        events: rx,
        sender: tx,
        server_in,
        client_out,
        guard,
    })
}

impl Relay {
    /// Events in the order they happened.
    pub fn events(&self) -> &Receiver<Event> {
        &self.events
    }

    /// A sender to inject events (e.g. [`Event::Signal`] from a signal handler thread).
    pub fn sender(&self) -> Sender<Event> {
        self.sender.clone()
    }

    /// Closes the server's input (the first step of the stdio shutdown).
    pub fn close_server_input(&self) {
        self.server_in
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
    }

    /// Answers every pending request with an error (when the server is gone but its output is
    /// still held open, e.g. by a grandchild).
    pub fn fail_pending(&self) {
        let mut buf = Vec::new();
        self.guard.server_closed(&mut buf);
        if !buf.is_empty() {
            let _ = write_shared(&self.client_out, &buf);
        }
    }
}

/// Forwards `SIGINT`, `SIGTERM`, `SIGHUP` and `SIGQUIT` received by this process to the relay
/// as [`Event::Signal`] (for [`run_child`] to pass on to the server).
#[cfg(unix)]
pub fn forward_signals(sender: Sender<Event>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP, SIGQUIT])?;
    thread::Builder::new()
        .name("guard-signals".into())
        .spawn(move || {
            for s in signals.forever() {
                if sender.send(Event::Signal(s)).is_err() {
                    break;
                }
            }
        })?;
    Ok(())
}

/// Timeouts of the stdio shutdown sequence.
#[derive(Debug, Clone, Copy)]
pub struct Shutdown {
    /// After the client went away and the server's input was closed: wait this long for the
    /// server to exit before `SIGTERM`.
    pub grace: Duration,
    /// After `SIGTERM`: wait this long before `SIGKILL`.
    pub term: Duration,
    /// After the server exited: wait this long for its output to end (a grandchild may hold it).
    pub drain: Duration,
}

impl Default for Shutdown {
    fn default() -> Self {
        Shutdown {
            grace: Duration::from_secs(2),
            term: Duration::from_secs(3),
            drain: Duration::from_millis(500),
        }
    }
}

#[cfg(unix)]
fn send_signal(child: &Child, sig: i32) {
    use rustix::process::{Pid, Signal, kill_process};
    let Some(pid) = Pid::from_raw(child.id() as i32) else {
        return;
    };
    let Some(sig) = Signal::from_named_raw(sig) else {
        return;
    };
    let _ = kill_process(pid, sig);
}

#[cfg(not(unix))]
fn send_signal(child: &Child, _sig: i32) {
    // Only termination can be delivered here.
    let _ = child;
}

#[cfg(unix)]
const SIGTERM: i32 = 15;
#[cfg(unix)]
const SIGKILL: i32 = 9;
#[cfg(not(unix))]
const SIGTERM: i32 = 15;
#[cfg(not(unix))]
const SIGKILL: i32 = 9;

/// How a guarded server ended.
#[derive(Debug)]
pub struct Outcome {
    pub status: ExitStatus,
    /// The guard sent `SIGTERM` (or `SIGKILL`) during shutdown.
    pub escalated: bool,
}

impl Outcome {
    /// The exit code to propagate: the server's, or 128 + signal.
    pub fn exit_code(&self) -> u8 {
        if let Some(c) = self.status.code() {
            return (c & 0xff) as u8;
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::ExitStatusExt;
            if let Some(s) = self.status.signal() {
                return (128 + s).min(255) as u8;
            }
        }
        1
    }
}

/// Relays between the client and an already spawned `child` (with piped stdin and stdout), and
/// supervises it until it exits. `on_start` receives the relay's event sender, e.g. to forward
/// signals as [`Event::Signal`].
pub fn run_child<CI, CO>(
    guard: Arc<Guard>,
    mut child: Child,
    client_in: CI,
    client_out: CO,
    shutdown: Shutdown,
    on_start: impl FnOnce(Sender<Event>),
) -> io::Result<Outcome>
where
    CI: Read + Send + 'static,
    CO: Write + Send + 'static,
{
    let stdin = child
        .stdin
        .take()
        .ok_or_else(|| io::Error::other("the server's stdin is not piped"))?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| io::Error::other("the server's stdout is not piped"))?;
    guard.audit().record(&Record {
        event: "server_start",
        pid: Some(child.id()),
        ..Record::default()
    });
    let relay = relay(guard.clone(), client_in, client_out, stdin, stdout)?;
    on_start(relay.sender());

    let poll = Duration::from_millis(20);
    let mut stop_since: Option<Instant> = None;
    let mut termed: Option<Instant> = None;
    let mut killed = false;
    let mut server_closed = false;
    let mut exited: Option<(ExitStatus, Instant)> = None;
    let status = loop {
        match relay.events().recv_timeout(poll) {
            Ok(Event::ClientClosed) => {
                relay.close_server_input();
                stop_since.get_or_insert_with(Instant::now);
            }
            Ok(Event::ServerClosed) => {
                server_closed = true;
                relay.close_server_input();
                stop_since.get_or_insert_with(Instant::now);
            }
            Ok(Event::Signal(s)) => {
                if exited.is_none() {
                    send_signal(&child, s);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {}
        }
        if exited.is_none()
            && let Some(st) = child.try_wait()?
        {
            exited = Some((st, Instant::now()));
        }
        if let Some((st, at)) = exited {
            if server_closed || at.elapsed() >= shutdown.drain {
                break st;
            }
            continue;
        }
        if let Some(since) = stop_since {
            match termed {
                None if since.elapsed() >= shutdown.grace => {
                    send_signal(&child, SIGTERM);
                    termed = Some(Instant::now());
                }
                Some(t) if !killed && t.elapsed() >= shutdown.term => {
                    send_signal(&child, SIGKILL);
                    let _ = child.kill();
                    killed = true;
                }
                _ => {}
            }
        }
    };
    if !server_closed {
        relay.fail_pending();
    }
    let outcome = Outcome {
        status,
        escalated: termed.is_some(),
    };
    #[cfg(unix)]
    let signal = {
        use std::os::unix::process::ExitStatusExt;
        status.signal()
    };
    #[cfg(not(unix))]
    let signal = None;
    guard.audit().record(&Record {
        event: "server_exit",
        pid: Some(child.id()),
        exit_code: status.code(),
        signal,
        reason: outcome.escalated.then_some(if killed {
            "killed after SIGTERM timeout"
        } else {
            "terminated after shutdown timeout"
        }),
        ..Record::default()
    });
    Ok(outcome)
}
