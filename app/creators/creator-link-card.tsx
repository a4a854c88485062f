import { Form } from '@remix-run/react';
import type { ReactNode } from 'react';
import { CopyLinkButton } from '~/links/copy-link-button';
import { LINK_LABEL_MAX } from './schemas';

export interface CreatorLinkView {
  id: string;
  url: string;
  label: string | null;
  deepLink: string | null;
}

/** A link's name as the creator sees it: their label, else what it is. */
export function linkName(link: { label: string | null; deepLink: string | null }): string {
  return link.label ?? (link.deepLink ? 'Deep link' : 'Main link');
}

/**
 * One of the creator's links: its label, address with copy, QR code (shown, PNG and SVG
 * downloads), where it opens, its figures, and renaming the label.
 */
export function CreatorLinkCard({
  link,
  qrBase,
  figures,
  highlight = false,
  renameErrors,
}: {
  link: CreatorLinkView;
  /** `/creator/<brand>/links` */
  qrBase: string;
  figures?: ReactNode;
  highlight?: boolean;
  renameErrors?: string[];
}) {
  const name = linkName(link);
  const qr = `${qrBase}/${link.id}/qr`;
  return (
    <li
      className={`rounded-lg bg-white p-4 shadow-sm ring-1 ${highlight ? 'ring-2 ring-emerald-500' : 'ring-slate-200'}`}
      aria-label={`Link: ${name}`}
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="font-semibold break-words text-slate-900">{name}</h3>
          <code className="mt-0.5 block text-sm break-all text-slate-800" data-testid="link-url">
            {link.url}
          </code>
          <p className="mt-0.5 text-xs break-all text-slate-500">
            Opens {link.deepLink ?? 'the offer’s page'}
          </p>
        </div>
        <CopyLinkButton value={link.url} name={`Copy ${name}`} />
      </div>
      {figures ? <div className="mt-3">{figures}</div> : null}
      <div className="mt-3 flex flex-wrap gap-x-4 gap-y-2 text-sm">
        <Disclosure label="QR code" name={name}>
          <div className="mt-2">
            <img
              src={`${qr}/svg`}
              alt={`QR code for ${name}`}
              width={160}
              height={160}
              loading="lazy"
              className="rounded ring-1 ring-slate-200"
            />
            <p className="mt-2 flex gap-3">
              <a className="font-medium text-brand-700 underline" href={`${qr}/png`} download>
                Download PNG<span className="sr-only"> QR code for {name}</span>
              </a>
              <a className="font-medium text-brand-700 underline" href={`${qr}/svg`} download>
                Download SVG<span className="sr-only"> QR code for {name}</span>
              </a>
            </p>
          </div>
        </Disclosure>
        <Disclosure label="Rename" name={name} open={Boolean(renameErrors?.length)}>
          <Form method="post" className="mt-2 flex flex-wrap items-end gap-2" noValidate>
            <input type="hidden" name="intent" value="rename" />
            <input type="hidden" name="linkId" value={link.id} />
            <label className="block min-w-0 flex-1 text-sm">
              <span className="block font-medium text-slate-800">Label for {name}</span>
              <input
                name="label"
                defaultValue={link.label ?? ''}
                maxLength={LINK_LABEL_MAX}
                required
                aria-invalid={renameErrors?.length ? true : undefined}
                className="mt-1 block w-full rounded-md border-0 px-3 py-2 ring-1 ring-slate-300 ring-inset"
              />
            </label>
            <button
              type="submit"
              className="rounded-md bg-white px-3 py-2 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50"
            >
              Save label
            </button>
            {renameErrors?.length ? (
              <p role="alert" className="w-full text-sm text-red-700">
                {renameErrors.join(' ')}
              </p>
            ) : null}
          </Form>
        </Disclosure>
      </div>
    </li>
  );
}

/**
 * A part of the card shown on demand ("QR code for Main link"): `<details>`, so it opens with or
 * without JavaScript (the Rename form must work before the page is hydrated too).
 */
function Disclosure({
  label,
  name,
  open = false,
  children,
}: {
  label: string;
  name: string;
  open?: boolean;
  children: ReactNode;
}) {
  return (
    <details className="group open:w-full" open={open || undefined}>
      <summary className="cursor-pointer list-none font-medium text-brand-700 [&::-webkit-details-marker]:hidden">
        <span className="group-open:hidden">{label}</span>
        <span className="hidden group-open:inline">Hide {label}</span>
        <span className="sr-only"> for {name}</span>
      </summary>
      {children}
    </details>
  );
}
