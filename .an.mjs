import * as esbuild from 'esbuild';
const entry = process.argv[2];
const r = await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outdir: '/tmp/cliout', metafile: true, packages: 'external', write: false, logLevel: 'error' });
const inputs = r.metafile.inputs;
// BFS over static imports only
const prev = new Map([[entry, null]]); const q=[entry];
while (q.length) { const f=q.shift(); const i=inputs[f]; if(!i) continue; for (const imp of i.imports) { if (imp.kind==='dynamic-import') continue; const p = imp.path; if (!prev.has(p)) { prev.set(p,f); q.push(p);} } }
for (const target of process.argv.slice(3)) { let c=target, chain=[]; if(!prev.has(c)) {console.log(target,'not static'); continue;} while(c){chain.push(c); c=prev.get(c);} console.log(chain.reverse().join('\n  -> ')); }
console.log([...prev.keys()].filter(k=>!k.startsWith('src')).join(' '));
