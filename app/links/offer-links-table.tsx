import type { useSelection } from '~/components/use-selection';
import { Table, Td, Th } from '~/components/ui/table';
import { formatMoney } from '~/money/money';
import { CopyLinkButton } from './copy-link-button';
import type { OfferLinkRow } from './offer-links.server';

const number = new Intl.NumberFormat('en-US');
const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** A row as the loader sends it (dates become strings on the way). */
export type OfferLinkTableRow = Omit<OfferLinkRow, 'lastEmailedAt'> & {
  lastEmailedAt: string | Date | null;
};

/**
 * An offer's tracking links: member, link with copy and QR downloads, payout option, figures and
 * when it was last emailed; each row's checkbox selects it for the Email Members form.
 */
export function OfferLinksTable({
  offerName,
  currency,
  base,
  rows,
  selection,
}: {
  offerName: string;
  currency: string;
  /** The offer page's path, for the QR code downloads. */
  base: string;
  rows: OfferLinkTableRow[];
  selection: ReturnType<typeof useSelection>;
}) {
  return (
    <Table caption={`Tracking links of ${offerName}`}>
      <thead>
        <tr>
          <Th dense>
            <input
              type="checkbox"
              aria-label="Select all links on this page"
              checked={selection.allSelected}
              onChange={(e) => selection.toggleAll(e.target.checked)}
            />
          </Th>
          <Th dense>Member</Th>
          <Th dense>Link</Th>
          <Th dense>Payout option</Th>
          <Th dense align="right">
            Clicks
          </Th>
          <Th dense align="right">
            Conversions
          </Th>
          <Th dense align="right">
            Earnings
          </Th>
          <Th dense>Last emailed</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.map((row) => (
          <tr key={row.id} className="align-top">
            <Td dense>
              <input
                type="checkbox"
                name="linkId"
                value={row.id}
                form="email-form"
                aria-label={`Select ${row.memberName}’s link${row.deepLink ? ` to ${row.deepLink}` : ''}`}
                checked={selection.isSelected(row.id)}
                onChange={(e) => selection.toggle(row.id, e.target.checked)}
              />
            </Td>
            <Td dense className="min-w-48">
              <div className="font-medium text-slate-900">{row.memberName}</div>
              <div className="text-xs text-slate-500">{row.memberEmail}</div>
              <div className="text-xs text-slate-500">
                Member id <code className="select-all">{row.memberId}</code>
              </div>
            </Td>
            <Td dense className="min-w-64">
              <code className="break-all text-slate-800" data-testid="link-url">
                {row.url}
              </code>
              {row.deepLink ? (
                <div className="mt-0.5 text-xs text-slate-500">
                  Deep link: <span className="break-all">{row.deepLink}</span>
                </div>
              ) : null}
              <div className="mt-1.5 flex flex-wrap gap-1.5">
                <CopyLinkButton value={row.url} />
                {(['png', 'svg'] as const).map((format) => (
                  <a
                    key={format}
                    href={`${base}/links/${row.id}/qr/${format}`}
                    download
                    className="rounded-md px-2 py-1 text-xs font-semibold whitespace-nowrap text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50"
                    aria-label={`QR code ${format.toUpperCase()} for ${row.memberName}’s link`}
                  >
                    QR {format.toUpperCase()}
                  </a>
                ))}
              </div>
            </Td>
            <Td dense className="min-w-32">
              {row.payoutOption}
            </Td>
            <Td dense align="right">
              {number.format(row.clicks)}
            </Td>
            <Td dense align="right">
              {number.format(row.conversions)}
            </Td>
            <Td dense align="right">
              {formatMoney(row.earningsMinor, currency)}
            </Td>
            <Td dense className="whitespace-nowrap text-slate-600">
              {row.lastEmailedAt ? (
                `${dateTime.format(new Date(row.lastEmailedAt))} UTC`
              ) : (
                <span className="text-slate-400">Never</span>
              )}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
