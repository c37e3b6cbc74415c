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

/** Lets the user take or choose up to `count` photos (compressed by WeChat); their temp paths or blob: URLs. */
export async function pickPhotos(count: number): Promise<string[]> {
  if (process.env.TARO_ENV === 'weapp') {
    try {
      const { tempFiles } = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['album', 'camera'] })
      return tempFiles.map((file) => file.tempFilePath)
    } catch {
      return [] // the user closed the chooser
    }
  }
  return new Promise((resolve) => {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = 'image/jpeg,image/png,image/webp'
    input.multiple = count > 1
    input.onchange = () => resolve(Array.from(input.files ?? []).slice(0, count).map((file) => URL.createObjectURL(file)))
    input.click()
  })
}
