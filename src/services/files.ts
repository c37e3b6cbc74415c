import Taro from '@tarojs/taro'

export interface PickedFile {
  /** A temp path in WeChat, a blob: URL in H5; either goes to `upload`. */
  path: string
  name: string
}

/** Lets the user choose one file: from a WeChat chat in the mini-program, from disk in H5. */
export async function pickFile(extensions: string[]): Promise<PickedFile | null> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const { tempFiles } = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: extensions })
      return { path: tempFiles[0].path, name: tempFiles[0].name }
    } catch {
      return null // the user closed the chooser
    }
  }
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = extensions.map((e) => `.${e}`).join(',')
    input.onchange = () => {
      const file = input.files?.[0]
      resolve(file ? { path: URL.createObjectURL(file), name: file.name } : null)
    }
    input.click()
  })
}
