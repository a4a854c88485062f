import { useEffect, useState } from 'react';

/** Copies a link to the clipboard and says so ("Copied") for a moment, for sighted and screen-reader users. */
export function CopyLinkButton({
  value,
  label = 'Copy',
  name,
}: {
  value: string;
  label?: string;
  /** What is copied, for screen readers ("Copy Instagram bio: https://…"); defaults to the label. */
  name?: string;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(value);
          setState('copied');
        } catch {
          setState('failed');
        }
      }}
      className="rounded-md px-2 py-1 text-xs font-semibold text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50"
      aria-label={state === 'copied' ? 'Copied' : `${name ?? label}: ${value}`}
    >
      <span aria-live="polite">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
      </span>
    </button>
  );
}
