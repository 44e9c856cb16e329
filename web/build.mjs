// Bundle src/codemirror.js and src/views.js into ../server/static/vendor/ with the licences of everything bundled.
import { build } from "esbuild";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = new URL("../server/static/vendor/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
for (const [entry, globalName] of [["codemirror", "PlangraphCodeMirror"], ["views", "PlangraphViews"]]) {
  await build({
    entryPoints: [`src/${entry}.js`], bundle: true, minify: true, format: "iife",
    globalName, target: "es2020", outfile: join(out, `${entry}.js`), legalComments: "none",
  });
}

// One LICENSES.txt naming every bundled package, version and licence text.
const packages = [];
for (const scope of ["@codemirror", "@lezer", "@marijn"]) {
  for (const name of readdirSync(join("node_modules", scope))) packages.push(join(scope, name));
}
packages.push("crelt", "style-mod", "w3c-keyname", "internmap");
for (const name of readdirSync("node_modules")) if (name.startsWith("d3-")) packages.push(name);
const parts = packages.sort().map((name) => {
  const dir = join("node_modules", name);
  const meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
  const text = file ? readFileSync(join(dir, file), "utf8").trim() : `License: ${meta.license}`;
  return `${meta.name} ${meta.version} (${meta.license})\n\n${text}\n`;
});
writeFileSync(join(out, "LICENSES.txt"), parts.join("\n" + "-".repeat(72) + "\n\n"));
