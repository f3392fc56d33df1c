// The package as a user gets it: npm pack, install the tarball into an empty
// project, then run the command (npx matdiff), import the library as ESM,
// require() it (Node >= 20.19 loads ES modules with require), and type-check
// a TypeScript import. Exits non-zero on the first failure.
//   npm run test:package        (the build runs in prepack)
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "matdiff-pack-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const sh = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
const step = (name, check) => {
  try {
    check();
    console.log(`ok   ${name}`);
  } catch (e) {
    console.error(`FAIL ${name}\n${e.stderr ?? ""}${e.stdout ?? ""}${e.message}`);
    process.exitCode = 1;
  }
};
const expect = (cond, what) => {
  if (!cond) throw new Error(what);
};

try {
  // The prepack build prints its progress on the same stdout: the JSON starts at the line "[".
  const packOutput = sh(npm, ["pack", "--json", "--pack-destination", work], root);
  const packed = JSON.parse(packOutput.slice(packOutput.search(/^\[/m)))[0];
  const files = packed.files.map((f) => f.path);
  step("the tarball holds bin, dist and README, and no sources or grammar", () => {
    expect(files.includes("bin/matdiff.js") && files.includes("dist/cli.cjs") && files.includes("dist/cli.cache") && files.includes("dist/cli-meta.cache") && files.includes("dist/yaml.cjs") && files.includes("bin/package.json") && files.includes("dist/index.js") && files.includes("dist/types/index.d.ts"), `missing files: ${files.join(", ")}`);
    expect(!files.some((f) => f.startsWith("src/") || f.startsWith("grammar/") || f.startsWith("test/")), "sources shipped");
  });
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  step("no install scripts and no runtime dependencies (everything loaded at run time is bundled)", () => {
    expect(!["prepare", "preinstall", "install", "postinstall"].some((s) => pkg.scripts?.[s]), "an install-time script is set");
    expect(Object.keys(pkg.dependencies ?? {}).length === 0, `dependencies: ${Object.keys(pkg.dependencies ?? {})}`);
  });

  const app = join(work, "app");
  sh("mkdir", ["-p", app]);
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", private: true, type: "module" }));
  const install = sh(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", join(work, packed.filename)], app);
  step("npm install of the tarball gives no warnings", () => expect(!/warn/i.test(install), install));

  step("npx matdiff --version", () => expect(sh("npx", ["--no-install", "matdiff", "--version"], app).trim() === pkg.version, "wrong version"));
  step("npx matdiff derive", () => {
    const out = sh("npx", ["--no-install", "matdiff", "derive", "tanh(W*x + b)", "--shape", "W: m x n, x: n, b: m", "--wrt", "x", "--layout", "numerator", "--check"], app);
    expect(/∂y\/∂x = diag\(1 − y ⊙ y\) W/.test(out) && /✓ agrees with finite differences/.test(out), out);
  });
  step("import { derive, check } from \"matdiff\" (ESM)", () => {
    writeFileSync(join(app, "esm.mjs"), 'import { derive, check, formatText } from "matdiff";\nconst r = derive({ expr: "x\'*A*x", wrt: ["x"] });\nif (!r.ok) throw new Error("derive failed");\nconsole.log(formatText(r.value).split("\\n").at(-1));\nconst c = check({ expr: "x\'*A*x", wrt: "x", claim: "(A + A\')*x" });\nconsole.log(c.ok && c.value.ok);\n');
    const out = sh(process.execPath, ["esm.mjs"], app);
    expect(/\(Aᵀ \+ A\) x/.test(out) && /true/.test(out), out);
  });
  step("require(\"matdiff\") on Node >= 20.19", () => {
    writeFileSync(join(app, "cjs.cjs"), 'const { derive } = require("matdiff");\nconsole.log(derive({ expr: "sum(x)", wrt: ["x"] }).ok);\n');
    const [major, minor] = process.versions.node.split(".").map(Number);
    if (major === 20 && minor < 19) return;
    expect(sh(process.execPath, ["--no-warnings", "cjs.cjs"], app).trim() === "true", "require failed");
  });
  step("a TypeScript import type-checks", () => {
    writeFileSync(join(app, "use.ts"), 'import { derive, type Derivation, type Result } from "matdiff";\nconst r: Result<Derivation> = derive({ expr: "tanh(W*x + b)", wrt: ["x"], layout: "numerator" });\nconst layout: "numerator" | "denominator" | "mixed" | undefined = r.ok ? r.value.layout : undefined;\nexport { layout };\n');
    writeFileSync(join(app, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", skipLibCheck: false, types: [] }, files: ["use.ts"] }));
    sh(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "."], app);
  });
} finally {
  rmSync(work, { recursive: true, force: true });
}
