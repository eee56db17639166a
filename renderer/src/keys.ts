/** Keyboard navigation: a person studying keeps their hands on the keys. */
export interface KeyActions {
  focusSearch(): void;
  step(kind: 'section' | 'note', direction: 1 | -1): void;
  goLibrary(): void;
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

/** Installs the shortcuts; returns the function that removes them. */
export function bindKeys(actions: KeyActions): () => void {
  let pendingG = false;
  const onKey = (event: KeyboardEvent): void => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      actions.focusSearch();
      return;
    }
    if (event.key === 'Escape' && isTyping(event.target)) {
      (event.target as HTMLElement).blur();
      return;
    }
    if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const handled = (() => {
      if (pendingG) {
        pendingG = false;
        if (event.key === 'l') actions.goLibrary();
        return event.key === 'l';
      }
      switch (event.key) {
        case '/':
          actions.focusSearch();
          return true;
        case 'j':
          actions.step('section', 1);
          return true;
        case 'k':
          actions.step('section', -1);
          return true;
        case ']':
          actions.step('note', 1);
          return true;
        case '[':
          actions.step('note', -1);
          return true;
        case 'g':
          pendingG = true;
          return true;
        default:
          return false;
      }
    })();
    if (handled) event.preventDefault();
  };
  addEventListener('keydown', onKey);
  return () => removeEventListener('keydown', onKey);
}
