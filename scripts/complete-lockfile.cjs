// npm leaves other platforms' optional packages (rollup's android, darwin, win32 … builds) out of
// package-lock.json when the registry it uses does not serve them, and `npm ci` then refuses the lock as
// "out of sync". This adds those entries back with their os/cpu, so `npm ci` skips them on this platform
// as it would with a complete lock. Run after `npm install` changes the lockfile: npm run lock:complete
const fs = require("node:fs");

const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
const known = new Set(Object.keys(lock.packages).map((k) => k.replace(/^.*node_modules\//, "")));
const osOf = (n) => n.match(/-(android|darwin|freebsd|linux|openbsd|openharmony|win32|sunos|aix|netbsd)-/)?.[1];
const cpuOf = (n) => n.match(/-(arm64|arm|x64|ia32|loong64|ppc64|riscv64|s390x|mips64el|wasm32)(?=-|$)/)?.[1];
let added = 0;
for (const [, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    if (known.has(name)) continue;
    const entry = { version, optional: true };
    const cpu = cpuOf(name);
    const os = osOf(name);
    if (cpu) entry.cpu = [cpu];
    if (os) entry.os = [os];
    if (/musl/.test(name)) entry.libc = ["musl"];
    else if (/gnu/.test(name)) entry.libc = ["glibc"];
    lock.packages[`node_modules/${name}`] = entry;
    known.add(name);
    added++;
  }
}
const sorted = {};
for (const k of Object.keys(lock.packages).sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b)))) sorted[k] = lock.packages[k];
lock.packages = sorted;
fs.writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
console.log(`added ${added} optional platform entries to package-lock.json`);
