// Draws the tabBar icons (81×81 PNG, as WeChat recommends) from inline SVG with Chromium.
// Run once after changing a drawing: npx tsx scripts/make-tab-icons.ts
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import sharp from 'sharp'

const shapes: Record<string, string> = {
  home: '<path d="M12 38 L40.5 14 L69 38 M20 32 V66 H61 V32" /><path d="M34 66 V48 H47 V66" />',
  quiz: '<rect x="16" y="11" width="49" height="59" rx="6" /><path d="M27 30 H54 M27 43 H54 M27 56 H42" />',
  activities: '<rect x="12" y="17" width="57" height="51" rx="6" /><path d="M12 33 H69 M27 10 V23 M54 10 V23 M27 47 H38 M27 57 H48" />',
  'good-people': '<path d="M40.5 67 C18 52 11 40 11 29 C11 19 19 12 28 12 C34 12 38 15 40.5 20 C43 15 47 12 53 12 C62 12 70 19 70 29 C70 40 63 52 40.5 67 Z" /><path d="M29 37 L37 45 L52 30" />',
  me: '<circle cx="40.5" cy="28" r="13" /><path d="M15 68 C17 52 28 45 40.5 45 C53 45 64 52 66 68" />',
}
const colors = { '': '#5c5c5c', '-active': '#c8161d' }

async function main() {
  const browser = await chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'icons-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    viewport: { width: 81, height: 81 },
  })
  const page = await browser.newPage()
  for (const [name, shape] of Object.entries(shapes)) {
    for (const [suffix, color] of Object.entries(colors)) {
      await page.setContent(
        `<body style="margin:0;background:transparent"><svg width="81" height="81" fill="none" stroke="${color}"
          stroke-width="6" stroke-linecap="round" stroke-linejoin="round">${shape}</svg></body>`,
      )
      const shot = await page.screenshot({ omitBackground: true })
      // A palette PNG: the icons have few colours, so it is lossless here and a third smaller (main package budget).
      await sharp(shot).png({ palette: true, dither: 0, compressionLevel: 9, effort: 10 }).toFile(`src/assets/tab-${name}${suffix}.png`)
    }
  }
  await browser.close()
}

void main()
