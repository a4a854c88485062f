import { useFetcher } from '@remix-run/react';
import { Button } from '~/components/ui/button';
import { ErrorList, inputClass } from '~/components/ui/field';

export type DeepLinkResult = { ok?: boolean; fieldErrors?: Record<string, string[]> };

/**
 * Adds a deep link for one of the offer's members: a further link to a page of the brand's site.
 * Sent by a fetcher once hydrated; before, an ordinary post whose result the page passes back
 * (`posted`).
 */
export function DeepLinkForm({
  action,
  members,
  payoutOptions,
  posted,
}: {
  action: string;
  members: { id: string; name: string; email: string }[];
  payoutOptions: { id: string; title: string; isDefault: boolean }[];
  posted?: DeepLinkResult;
}) {
  const fetcher = useFetcher<DeepLinkResult>();
  const result = fetcher.data ?? posted;
  const errors = result?.fieldErrors;
  const done = fetcher.state === 'idle' && result?.ok;
  return (
    <section
      aria-labelledby="deep-link-form-title"
      className="mt-8 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200"
    >
      <h2 id="deep-link-form-title" className="text-base font-semibold">
        Add a deep link for a member
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        A further link of theirs that opens a specific page of your site (the offer URL’s site or
        one of its additional domains).
      </p>
      <fetcher.Form
        method="post"
        action={action}
        className="mt-4 grid gap-4 md:grid-cols-[1fr_2fr_1fr_auto] md:items-start"
        key={done ? 'reset' : 'form'}
      >
        <input type="hidden" name="intent" value="deep-link" />
        <div>
          <label htmlFor="dl-member" className="block text-sm font-medium text-slate-800">
            Member
          </label>
          <select
            id="dl-member"
            name="memberId"
            className={`${inputClass} mt-1`}
            aria-invalid={errors?.memberId ? true : undefined}
            defaultValue=""
          >
            <option value="" disabled>
              Choose a member
            </option>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name} ({m.email})
              </option>
            ))}
          </select>
          <ErrorList errors={errors?.memberId} />
        </div>
        <div>
          <label htmlFor="dl-url" className="block text-sm font-medium text-slate-800">
            Deep link URL
          </label>
          <input
            id="dl-url"
            name="deepLink"
            type="url"
            inputMode="url"
            placeholder="https://…"
            className={`${inputClass} mt-1`}
            aria-invalid={errors?.deepLink ? true : undefined}
          />
          <ErrorList errors={errors?.deepLink} />
        </div>
        <div>
          <label htmlFor="dl-payout" className="block text-sm font-medium text-slate-800">
            Payout option
          </label>
          <select
            id="dl-payout"
            name="payoutOptionId"
            className={`${inputClass} mt-1`}
            defaultValue={payoutOptions.find((o) => o.isDefault)?.id}
          >
            {payoutOptions.map((o) => (
              <option key={o.id} value={o.id}>
                {o.title}
              </option>
            ))}
          </select>
          <ErrorList errors={errors?.payoutOptionId} />
        </div>
        <Button className="md:mt-6" disabled={fetcher.state !== 'idle'}>
          Create deep link
        </Button>
      </fetcher.Form>
      <div aria-live="polite">
        {done ? <p className="mt-3 text-sm text-green-800">Deep link created.</p> : null}
      </div>
    </section>
  );
}
