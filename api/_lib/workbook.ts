import type ExcelJS from 'exceljs'

/**
 * A new workbook. ExcelJS is the API's heaviest library: it is loaded by the first request that
 * makes or reads a workbook, not by the function's cold start (`npm run bench:cold`).
 */
export async function newWorkbook(): Promise<ExcelJS.Workbook> {
  const { default: Excel } = await import('exceljs')
  return new Excel.Workbook()
}
