// `npm run bench:cold`: what a cold function instance pays before its first request. The API's one
// function (api/index.ts) is bundled for Node by esbuild, then a new Node process imports it;
// the whole process's time (median of 20) is printed as a ratio to a bare `node -e 0` measured
// alternately with it. Target (issue 16): ≤ 1.5×.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import path from 'node:path'
import { build, stop } from 'esbuild'

const root = path.resolve(__dirname, '..')
const runs = 20

function processMs(args: string[]): number {
  const started = performance.now()
  const result = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } })
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${result.status}`)
  return performance.now() - started
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function main() {
  // Inside the project, so that the packages left outside the bundle resolve from node_modules.
  mkdirSync(path.join(root, 'node_modules/.cache'), { recursive: true })
  const out = mkdtempSync(path.join(root, 'node_modules/.cache/bench-cold-'))
  try {
    const result = await build({
      entryPoints: [path.join(root, 'api/index.ts')],
      // The metafile's paths, read below, are relative to it.
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      target: 'node20',
      // ES modules split at each dynamic import, as deployed files are: what a function loads
      // lazily (ExcelJS, sharp, a database adapter) is not read at its cold start.
      format: 'esm',
      splitting: true,
      outExtension: { '.js': '.mjs' },
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      outdir: out,
      minify: true,
      logLevel: 'error',
      // Native and WebAssembly packages are loaded from node_modules at run time, as deployed.
      external: ['sharp', '@electric-sql/pglite'],
      metafile: true,
    })
    await stop() // esbuild's service process would otherwise share the machine with the measurements
    const bundle = path.join(out, 'index.mjs')
    const bare: number[] = []
    const cold: number[] = []
    for (let i = 0; i < runs; i++) {
      bare.push(processMs(['-e', '0']))
      cold.push(processMs(['-e', `import(${JSON.stringify(bundle)})`]))
    }
    const ratio = median(cold) / median(bare)
    // What the cold import reads: the entry and the chunks it imports statically, not the areas'
    // route tables and libraries loaded later.
    const outputs = result.metafile!.outputs
    const read = new Set<string>()
    const next = [path.relative(root, bundle)]
    for (let file = next.pop(); file !== undefined; file = next.pop()) {
      if (read.has(file)) continue
      read.add(file)
      next.push(...outputs[file].imports.filter((i) => i.kind === 'import-statement' && i.path in outputs).map((i) => i.path))
    }
    const kb = ([...read].reduce((sum, file) => sum + outputs[file].bytes, 0) / 1024).toFixed(0)
    console.log('entry            read cold   cold import (median of 20)   ratio to node -e 0')
    console.log(`api/index.ts     ${kb.padStart(6)} KB  ${median(cold).toFixed(0).padStart(6)} ms vs ${median(bare).toFixed(0)} ms   ${ratio.toFixed(2)}×${ratio > 1.5 ? '  (over 1.5×)' : ''}`)
    if (process.env.BENCH_COLD_INPUTS) {
      // What each bundle is made of, by package: to see what the function pulls in at once and later.
      for (const [file, output] of Object.entries(result.metafile!.outputs)) {
        const byPackage = new Map<string, number>()
        for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
          const key = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/')
          byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput)
        }
        const top = [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 8)
        console.log(`${path.basename(file)}: ${top.map(([key, bytes]) => `${key} ${(bytes / 1024).toFixed(0)} KB`).join(', ')}`)
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
