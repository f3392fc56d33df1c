#!/usr/bin/env node
"use strict";
/**
 * The matdiff command. The command line is one bundled script, dist/cli.cjs,
 * compiled here with one of V8's code caches that the build made by running
 * the most common commands (scripts/bundle.js): with it, a start skips most
 * of the JavaScript compilation it would otherwise spend its time on. There
 * are two: dist/cli.cache for derive and check, dist/cli-meta.cache for
 * everything else (--version, --help), since V8 deserialises a cache whole
 * and --version runs a sixth of what a derivation runs. A cache is used only
 * if its first line repeats the hash named at the top of the script; V8
 * itself refuses a cache made by another version or with other flags, and
 * the script is then compiled from its source as usual.
 */
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const { pathToFileURL } = require("node:url");

const DIST = path.join(__dirname, "..", "dist");

/** A file's size in bytes; 0 if it cannot be read. */
function sizeOf(file) {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** A file's bytes, read into the front of `buffer` (which must hold them): a view of it. */
function readInto(file, buffer) {
  const fd = fs.openSync(file, "r");
  try {
    let at = 0;
    for (let n; at < buffer.length && (n = fs.readSync(fd, buffer, at, buffer.length - at, at)) > 0; ) at += n;
    return buffer.subarray(0, at);
  } finally {
    fs.closeSync(fd);
  }
}

/** The code cache for a command line (its arguments after the script): the file's name in dist/. */
function cacheFor(argv) {
  return argv[0] === "derive" || argv[0] === "check" ? "cli.cache" : "cli-meta.cache";
}

/** Compiles and runs dist/cli.cjs; returns its exports (main, run, ...) and the vm.Script (the build saves its cache). */
function compileCli({ cache = true, cacheName = cacheFor(process.argv.slice(2)) } = {}) {
  const file = path.join(DIST, "cli.cjs");
  const cacheFile = path.join(DIST, cacheName);
  // The source and then the cache are read into one buffer: the cache lands in pages the source has already
  // touched. (A page's first touch costs a fault, about 10 µs on a virtual machine; the source is 100 pages.)
  const buffer = Buffer.allocUnsafeSlow(Math.max(sizeOf(file), cache ? sizeOf(cacheFile) : 0));
  // The build writes the script in ASCII, so latin1 reads it exactly, as a one-byte string.
  const source = readInto(file, buffer).toString("latin1");
  const stamp = /^\/\*matdiff (\w+)\*\//.exec(source)?.[1];
  let cachedData;
  if (cache && stamp) {
    try {
      const data = readInto(cacheFile, buffer);
      if (data.toString("latin1", 0, stamp.length + 1) === `${stamp}\n`) cachedData = data.subarray(stamp.length + 1);
    } catch {
      // No cache: compile from the source.
    }
  }
  const script = new vm.Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  // The script requires Node's modules and, relative to dist/, ./yaml.cjs.
  const requireFromDist = (id) => require(id.startsWith("./") ? path.join(DIST, id) : id);
  script.runInThisContext()(module.exports, requireFromDist, module, file, DIST, pathToFileURL(file).href);
  return { script, cli: module.exports };
}

module.exports = { compileCli, cacheFor };

if (require.main === module) compileCli().cli.run();
