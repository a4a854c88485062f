import { CopyLinkButton } from '~/links/copy-link-button';

/** The creator's promo code on an offer, with the discount it gives and a Copy button. */
export function CreatorPromoCode({ code, discount }: { code: string; discount: string | null }) {
  return (
    <section
      aria-labelledby="promo-code"
      className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200"
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h2 id="promo-code" className="text-lg font-semibold">
            Your promo code
          </h2>
          <p
            className="mt-1 font-mono text-2xl font-bold tracking-wider break-all text-slate-900"
            data-testid="promo-code"
          >
            {code}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {discount ? `Gives your audience ${discount}. ` : ''}Sales made with this code count as
            yours, even without a click on your link.
          </p>
        </div>
        <CopyLinkButton value={code} label="Copy code" name="Copy promo code" />
      </div>
    </section>
  );
}
