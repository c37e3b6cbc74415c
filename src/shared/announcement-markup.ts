// How organisers format an announcement, in plain text (what they type is what residents read):
//   a blank line starts a new paragraph, a single line break stays a line break;
//   **两对星号** around words make them bold;
//   a line starting with "- " (or "·", "•") is a list item;
//   a line starting with "## " is a small heading.
// Everything else is text: "<" and "&" are shown as typed, never read as HTML. The API sanitises
// what arrives all the same (api/_lib/rich-text.ts).

export const markupHint =
  '空一行就是新的一段;要加粗的字放在两对星号中间,如 **请带好工具**;一行开头写「- 」是列表,写「## 」是小标题。'

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const inline = (line: string) => escapeText(line).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')

const headingLine = /^##\s*/
const listLine = /^(- |·|•)\s*/

/** The organiser's text as the HTML the API stores. */
export function markupToHtml(text: string): string {
  const html: string[] = []
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n[ \t\u3000]*\n/)
  for (const block of blocks) {
    const lines = block.split('\n').map((line) => line.trim()).filter(Boolean)
    let paragraph: string[] = []
    let list: string[] = []
    const flush = () => {
      if (paragraph.length) html.push(`<p>${paragraph.join('<br>')}</p>`)
      if (list.length) html.push(`<ul>${list.map((item) => `<li>${item}</li>`).join('')}</ul>`)
      paragraph = []
      list = []
    }
    for (const line of lines) {
      if (headingLine.test(line) && line.replace(headingLine, '')) {
        flush()
        html.push(`<h3>${inline(line.replace(headingLine, ''))}</h3>`)
      } else if (listLine.test(line) && line.replace(listLine, '')) {
        if (paragraph.length) flush()
        list.push(inline(line.replace(listLine, '')))
      } else {
        if (list.length) flush()
        paragraph.push(inline(line))
      }
    }
    flush()
  }
  return html.join('')
}

const entities: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&nbsp;': ' ', '&amp;': '&' }

/**
 * Stored HTML back as the organiser's text, for editing. Formatting the editor cannot write
 * (italic, underline, quotes, numbered lists) becomes plain text.
 */
export function htmlToMarkup(html: string): string {
  return html
    .replace(/<h[34]>([\s\S]*?)<\/h[34]>/g, (_, title: string) => `\n\n## ${title.replace(/<br\s*\/?>/g, ' ')}\n\n`)
    .replace(/<\/?(ul|ol)>/g, '\n\n')
    .replace(/<li>/g, '\n- ')
    .replace(/<\/?(p|blockquote)>/g, '\n\n')
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/?(strong|b)>/g, '**')
    .replace(/<[^>]*>/g, '')
    .replace(/&(lt|gt|quot|#39|#x27|nbsp|amp);/g, (entity) => entities[entity])
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

// Spacing and type for RichText. The stored HTML has no attributes at all, so every tag is bare.
const styles: Record<string, string> = {
  p: 'margin:0 0 0.9em;line-height:1.8',
  h3: 'margin:1em 0 0.5em;font-size:1.15em;font-weight:bold;line-height:1.5',
  h4: 'margin:0.8em 0 0.4em;font-size:1.05em;font-weight:bold;line-height:1.5',
  ul: 'margin:0 0 0.9em;padding-left:1.4em',
  ol: 'margin:0 0 0.9em;padding-left:1.6em',
  li: 'margin:0.3em 0;line-height:1.7',
  blockquote: 'margin:0 0 0.9em;padding:0.5em 0.8em;border-left:4px solid #d9a13b;background:#faf5ee;color:#5c5c5c',
  strong: 'font-weight:bold',
  b: 'font-weight:bold',
}

/** The sanitised body with our own styles on its tags, for RichText's `nodes`. */
export function styledHtml(html: string): string {
  return html.replace(/<(p|h3|h4|ul|ol|li|blockquote|strong|b)>/g, (_, tag: string) => `<${tag} style="${styles[tag]}">`)
}
