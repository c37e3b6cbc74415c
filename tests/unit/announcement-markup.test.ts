import { describe, expect, it } from 'vitest'
import { sanitizeAnnouncementHtml } from '../../api/_lib/rich-text'
import { htmlToMarkup, markupToHtml, styledHtml } from '../../src/shared/announcement-markup'

const text = [
  '## 周六集中清扫',
  '',
  '请大家**按时**到东关街口集合,',
  '带好扫帚和手套。',
  '',
  '- 8:00 集合',
  '- 8:30 开始',
  '',
  '注意:1 < 2 & <script>alert(1)</script> 都只是文字。',
].join('\n')

describe("organisers' text formatting", () => {
  it('turns blank lines, **bold**, "- " lists and "## " headings into the allowed HTML, and keeps < and & as text', () => {
    expect(markupToHtml(text)).toBe(
      '<h3>周六集中清扫</h3>' +
        '<p>请大家<strong>按时</strong>到东关街口集合,<br>带好扫帚和手套。</p>' +
        '<ul><li>8:00 集合</li><li>8:30 开始</li></ul>' +
        '<p>注意:1 &lt; 2 &amp; &lt;script&gt;alert(1)&lt;/script&gt; 都只是文字。</p>',
    )
  })

  it('survives the sanitiser unchanged (but for <br />) and reads back as the same text', async () => {
    const html = markupToHtml(text)
    const stored = await sanitizeAnnouncementHtml(html)
    expect(stored).toBe(html.replace(/<br>/g, '<br />'))
    expect(htmlToMarkup(stored)).toBe(text)
    expect(markupToHtml(htmlToMarkup(stored))).toBe(html)
  })

  it('reads formatting the editor cannot write as plain text', () => {
    expect(htmlToMarkup('<p><em>斜</em><u>线</u></p><blockquote>引用</blockquote><ol><li>一</li></ol><h4>标</h4>')).toBe('斜线\n\n引用\n\n- 一\n\n## 标')
  })

  it('styles only the bare tags of stored HTML', () => {
    expect(styledHtml('<p>a<strong>b</strong><br /></p>')).toBe(
      '<p style="margin:0 0 0.9em;line-height:1.8">a<strong style="font-weight:bold">b</strong><br /></p>',
    )
  })
})
