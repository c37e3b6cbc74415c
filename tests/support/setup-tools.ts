import type { TestProject } from 'vitest/node'
import { taroBuild, weappBuild } from './build'
import { provisionTools, type BrowserBinary } from './tools'

// Vitest global setup of the browser, weapp and PostgreSQL-server tests: the browser and
// PostgreSQL are found (or unpacked) first, and a run that cannot have them stops here, in its
// first seconds, with one line saying what to do. The H5 and weapp builds then start in the
// background: the first tests run meanwhile, and a test that needs a build waits for it
// (tests/support/build.ts).
export default async function setup(project: TestProject) {
  const { browser } = await provisionTools()
  project.provide('browser', browser)
  const builds = Promise.allSettled([taroBuild('h5', { TARO_APP_API_BASE: '/api' }), weappBuild()])
  return async () => {
    await builds
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    browser: BrowserBinary
  }
}
