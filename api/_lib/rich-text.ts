import type sanitizeHtml from 'sanitize-html'

/**
 * The formatting an announcement may carry: paragraphs and line breaks, bold, italic, underline,
 * two heading sizes, lists and quotes. Nothing else survives, and no attribute at all: no links,
 * no images, no styles, no classes, no event handlers. Residents' pages render the result with
 * RichText, in WeChat and in the browser.
 */
export const allowedTags = ['p', 'br', 'strong', 'em', 'b', 'i', 'u', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote']

/** Elements removed together with everything inside them (other unknown tags keep their text). */
const droppedWithContent = [
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'noscript', 'noembed', 'noframes',
  'template', 'textarea', 'select', 'option', 'xmp', 'plaintext', 'svg', 'math', 'head', 'title',
]

const options: sanitizeHtml.IOptions = {
  allowedTags,
  allowedAttributes: {},
  allowedSchemes: [],
  allowedSchemesAppliedToAttributes: [],
  allowProtocolRelative: false,
  allowVulnerableTags: false,
  disallowedTagsMode: 'discard',
  nonTextTags: droppedWithContent,
  enforceHtmlBoundary: false,
}

/**
 * An organiser's HTML made safe to store and show: only the allowed tags, no attributes. The
 * sanitiser (with its CSS parser) is loaded by the first save, not by the function's cold start.
 */
export async function sanitizeAnnouncementHtml(html: string): Promise<string> {
  const { default: sanitize } = await import('sanitize-html')
  return sanitize(html, options).trim()
}
