/**
 * Copies text for staff to paste elsewhere. The async Clipboard API can be refused (the desktop
 * app grants no permissions), so the older copy command is the fallback; it needs no permission
 * inside a click or key press.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    document.body.append(area)
    area.select()
    try {
      return document.execCommand('copy')
    } catch {
      return false
    } finally {
      area.remove()
      focused?.focus()
    }
  }
}
