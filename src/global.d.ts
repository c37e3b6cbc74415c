/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_ENV: 'weapp' | 'h5'
    /** Base URL of the API the app talks to, e.g. https://example.gov.cn/api. */
    TARO_APP_API_BASE: string
    /** WeChat subscribe-message template id for activity reminders; empty when not configured. */
    TARO_APP_TEMPLATE_ACTIVITY: string
  }
}
