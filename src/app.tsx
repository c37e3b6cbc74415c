import { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { listenForPrivacyPrompts } from './services/privacy'
import { login } from './services/request'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    listenForPrivacyPrompts()
    // Log in early so the first screen already knows who is here; pages retry on their own.
    void login()
  })
  return children
}

export default App
