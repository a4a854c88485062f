/**
 * Opening and closing a `<dialog>` from a button without script: Invoker Commands
 * (`commandfor`/`command`: Chromium 135+, Firefox 144+, Safari 26.2+), so a confirmation works
 * before the page is hydrated or with JavaScript off. Browsers without them get the same from the
 * button's click handler once the page is hydrated (`dialogCommand.run`).
 */
export function dialogCommand(
  dialog: { current: HTMLDialogElement | null },
  dialogId: string,
  command: 'show-modal' | 'close',
) {
  return {
    // React 18 writes these attributes as given (its types do not know them yet).
    ...({ commandfor: dialogId, command } as Record<string, string>),
    onClick: () => {
      if (typeof HTMLButtonElement !== 'undefined' && 'command' in HTMLButtonElement.prototype) {
        return; // The browser has run the command.
      }
      const element = dialog.current;
      if (!element) return;
      if (command === 'close') element.close();
      else if (!element.open) element.showModal();
    },
  };
}
