#!/usr/bin/env python3
"""Write a Claude-style MCP config with N servers of mixed, realistic launch specs.

Usage: gen_config.py N OUT.json [SEED]

The mix follows what real configs hold: package runners with and without versions, containers,
local scripts, remote endpoints with headers, shell wrappers, env blocks with variable
references, a few literal (fake) tokens and disabled entries. Deterministic for a given seed.
"""

import json
import random
import string
import sys


def token(rng, prefix, n=36):
    return prefix + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def spec(i, rng):
    kind = rng.random()
    pkg = rng.choice(
        [
            "@modelcontextprotocol/server-filesystem",
            "@modelcontextprotocol/server-github",
            "@modelcontextprotocol/server-memory",
            "@playwright/mcp",
            "@upstash/context7-mcp",
            "mcp-remote",
            "@notionhq/notion-mcp-server",
        ]
    )
    version = f"{rng.randint(0, 3)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"
    if kind < 0.30:
        args = ["-y", f"{pkg}@{version}" if rng.random() < 0.6 else pkg]
        if pkg.endswith("filesystem"):
            args += [f"/home/user/projects/p{i}", "/tmp"]
        s = {"command": "npx", "args": args}
        if rng.random() < 0.5:
            s["env"] = {"GITHUB_TOKEN": "${GITHUB_TOKEN}", "LOG_LEVEL": "info"}
    elif kind < 0.45:
        tool = rng.choice(["mcp-server-time", "mcp-server-fetch", "mcp-server-git", "awslabs.core-mcp-server"])
        s = {"command": "uvx", "args": [f"{tool}=={version}" if rng.random() < 0.5 else tool]}
        if tool == "mcp-server-git":
            s["args"] += ["--repository", f"/home/user/src/repo{i}"]
    elif kind < 0.55:
        s = {
            "command": "docker",
            "args": ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN",
                     f"ghcr.io/github/github-mcp-server:v{version}"],
            "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_PAT}"},
        }
    elif kind < 0.65:
        s = {
            "command": "node",
            "args": [f"/home/user/mcp/server{i}/build/index.js", "--port", str(3000 + i % 1000)],
            "env": {"NODE_ENV": "production"},
        }
    elif kind < 0.75:
        s = {"command": rng.choice(["python", "python3"]), "args": ["-m", f"mcp_tool_{i % 50}", "--stdio"]}
        s["cwd"] = f"/home/user/tools/t{i % 50}"
    elif kind < 0.85:
        s = {
            "type": "http",
            "url": f"https://mcp{i % 97}.example.com/mcp",
            "headers": {"Authorization": "Bearer ${API_TOKEN}"},
        }
    elif kind < 0.90:
        if rng.random() < 0.5:
            s = {"command": "sh", "args": ["-c", f"cd /home/user/mcp/s{i} && exec node index.js"]}
        else:
            s = {"command": "cmd", "args": ["/c", "npx", "-y", f"{pkg}@{version}"]}
    elif kind < 0.95:
        s = {
            "command": "npx",
            "args": ["-y", f"{pkg}@{version}"],
            "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": token(rng, "ghp_"),
                    "SLACK_BOT_TOKEN": token(rng, "xoxb-", 40)},
        }
    else:
        s = {"command": "uvx", "args": ["mcp-server-sqlite", "--db-path", f"/data/db{i}.sqlite"],
             "disabled": True}
    return s


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) > 3 else 42)
    servers = {f"server-{i:05d}": spec(i, rng) for i in range(n)}
    with open(out, "w") as f:
        json.dump({"mcpServers": servers}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
