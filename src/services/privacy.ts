import Taro from '@tarojs/taro'

// WeChat asks the app to show its own privacy prompt before a privacy API (nickname input,
// avatar, album) runs. One listener is registered for the whole app; the popup on the current
// page answers it.

export type PrivacyAnswer = { event: 'agree'; buttonId: string } | { event: 'disagree' }
type Prompt = (answer: (result: PrivacyAnswer) => void) => void

let prompt: Prompt | null = null

export function listenForPrivacyPrompts() {
  if (process.env.TARO_ENV !== 'weapp' || !Taro.onNeedPrivacyAuthorization) return
  Taro.onNeedPrivacyAuthorization((resolve) => {
    // With no popup on screen, refuse rather than leave the API call hanging.
    if (prompt) prompt(resolve as (result: PrivacyAnswer) => void)
    else resolve({ event: 'disagree' })
  })
}

/** A page's popup takes the prompts while it is mounted. */
export function showPrivacyPromptsWith(handler: Prompt | null) {
  prompt = handler
}
