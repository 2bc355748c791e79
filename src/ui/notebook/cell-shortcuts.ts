/** What a keyboard shortcut on a cell asks for. */
export type CellCommand = 'move-up' | 'move-down' | 'add-above' | 'add-below' | 'delete';

/** The shortcuts, for help text. Alt+Shift keeps them clear of the editor's and the browser's own keys. */
export const CELL_SHORTCUTS: Readonly<Record<CellCommand, string>> = {
  'move-up': 'Alt+Shift+↑',
  'move-down': 'Alt+Shift+↓',
  'add-above': 'Alt+Shift+A',
  'add-below': 'Alt+Shift+B',
  delete: 'Alt+Shift+Backspace',
};

/** The cell command of a key press, or null (Shift+Enter, running a cell, is the editor's). */
export function cellCommand(event: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey'>): CellCommand | null {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return null;
  switch (event.code || event.key) {
    case 'ArrowUp':
      return 'move-up';
    case 'ArrowDown':
      return 'move-down';
    case 'KeyA':
      return 'add-above';
    case 'KeyB':
      return 'add-below';
    case 'Backspace':
    case 'Delete':
      return 'delete';
    default:
      return null;
  }
}
