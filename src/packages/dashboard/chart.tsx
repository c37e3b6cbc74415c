import { Canvas as TaroCanvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Axis, Canvas, Chart, Interval, Legend, Line, jsx } from '@antv/f2'
import { useEffect, useRef } from 'react'

// Charts drawn with F2 (AntV's mobile charting library) on a canvas of type 2d: the DOM canvas in
// H5, the canvas node in WeChat. F2 stays in this subpackage: nothing in the main package imports it.

export interface Point {
  x: string
  y: number
  series: string
}

const palette = ['#c8161d', '#d9a13b', '#2e7d32', '#1565c0']

type Kind = 'line' | 'bars'

let nextId = 0

function chartElement(kind: Kind, data: Point[], percent: boolean) {
  // F2's own JSX runtime, called directly: this file's JSX is React's.
  const f = jsx as unknown as (type: unknown, props: Record<string, unknown> | null, ...children: unknown[]) => unknown
  const y = { tickCount: 5, min: 0, ...(percent ? { max: 1, formatter: (v: number) => `${Math.round(v * 100)}%` } : {}) }
  return f(
    Chart,
    { data, scale: { y, x: kind === 'line' ? { tickCount: 5 } : {} } },
    f(Axis, { field: 'x', style: { label: { fontSize: 10 } } }),
    f(Axis, { field: 'y', style: { label: { fontSize: 10 } } }),
    kind === 'line'
      ? f(Line, { x: 'x', y: 'y', color: { field: 'series', range: palette } })
      : f(Interval, { x: 'x', y: 'y', color: { field: 'series', range: palette }, adjust: 'dodge' }),
    f(Legend, { position: 'top', nameStyle: { fontSize: 12 } }),
  )
}

/** A line (over time) or grouped bar chart (by community) of `data`, `height` CSS pixels tall. */
export default function F2Chart({ kind, data, height, percent = false, testId }: { kind: Kind; data: Point[]; height: number; percent?: boolean; testId: string }) {
  const id = useRef(`f2-chart-${++nextId}`).current
  const domCanvas = useRef<HTMLCanvasElement | null>(null)
  const canvasRef = useRef<InstanceType<typeof Canvas> | null>(null)

  useEffect(() => {
    let cancelled = false
    const draw = (context: CanvasRenderingContext2D, width: number, pixelRatio: number) => {
      if (cancelled) return
      const children = chartElement(kind, data, percent)
      // New figures redraw the chart in place on the same canvas.
      if (canvasRef.current) return void canvasRef.current.update({ children } as never)
      // No animation: an organiser reads numbers, and a screenshot shows the finished chart.
      const canvas = new Canvas({ context, pixelRatio, width, height, animate: false, children } as never)
      canvasRef.current = canvas
      void canvas.render()
    }
    const pixelRatio = Taro.getSystemInfoSync().pixelRatio || 2
    if (process.env.TARO_ENV === 'h5') {
      // A plain DOM canvas: Taro's H5 canvas component resets its canvas whenever it re-renders.
      const element = domCanvas.current
      if (!element) return
      const width = element.parentElement?.clientWidth || element.clientWidth || 340
      if (!canvasRef.current) {
        element.width = width * pixelRatio
        element.height = height * pixelRatio
      }
      draw(element.getContext('2d')!, width, pixelRatio)
    } else {
      Taro.nextTick(() => {
        Taro.createSelectorQuery()
          .select(`#${id}`)
          .fields({ node: true, size: true })
          .exec((result: { node: { width: number; height: number; getContext: (kind: '2d') => CanvasRenderingContext2D }; width: number }[]) => {
            const found = result?.[0]
            if (!found?.node) return
            if (!canvasRef.current) {
              found.node.width = found.width * pixelRatio
              found.node.height = height * pixelRatio
            }
            draw(found.node.getContext('2d'), found.width, pixelRatio)
          })
      })
    }
    return () => {
      cancelled = true
    }
  }, [id, kind, data, height, percent])

  useEffect(() => () => canvasRef.current?.destroy(), [])

  return (
    <View className='dashboard__chart' data-testid={testId} style={{ height: `${height}px` }}>
      {process.env.TARO_ENV === 'h5' ? (
        <canvas ref={domCanvas} style={{ display: 'block', width: '100%', height: `${height}px` }} />
      ) : (
        <TaroCanvas type='2d' id={id} style={{ width: '100%', height: `${height}px` }} />
      )}
    </View>
  )
}
