import { useState } from 'react';
import { CheckboxGroup } from '~/components/ui/checkbox-group';
import { Field, inputClass } from '~/components/ui/field';
import { buttonClass } from '~/components/ui/button';
import { EVENT_DESCRIPTIONS, WEBHOOK_EVENT_TYPES } from './event-types';

/** The fields of the endpoint form (add and edit): URL, description, events. */
export function EndpointFields({
  values,
  fieldErrors,
}: {
  values?: { url?: string; description?: string | null; eventTypes?: string[] };
  fieldErrors?: Record<string, string[]>;
}) {
  return (
    <div className="space-y-4">
      <Field
        label="Endpoint URL"
        name="url"
        type="url"
        required
        maxLength={2000}
        placeholder="https://example.com/webhooks/offerlink"
        defaultValue={values?.url ?? ''}
        errors={fieldErrors?.url}
        hint="Where Offerlink POSTs the events. https in production."
      />
      <Field
        label="Description (optional)"
        name="description"
        maxLength={200}
        defaultValue={values?.description ?? ''}
        errors={fieldErrors?.description}
      />
      <CheckboxGroup
        legend="Events to send"
        name="eventTypes"
        options={WEBHOOK_EVENT_TYPES.map((type) => ({
          value: type,
          label: `${type} — ${EVENT_DESCRIPTIONS[type]}`,
        }))}
        selected={values?.eventTypes ?? []}
        errors={fieldErrors?.eventTypes}
      />
    </div>
  );
}

/** A new signing secret, shown this once, with Copy. */
export function SecretOnce({ secret, note }: { secret: string; note: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div
      role="status"
      className="mb-6 rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200"
    >
      <p className="font-semibold">Copy the signing secret now: it is shown only once.</p>
      <p className="mt-1">{note}</p>
      <label htmlFor="signing-secret" className="mt-3 block font-medium">
        Signing secret
      </label>
      <div className="mt-1 flex gap-2">
        <input
          id="signing-secret"
          readOnly
          value={secret}
          className={`${inputClass} font-mono`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          type="button"
          className={buttonClass('secondary', 'shrink-0')}
          onClick={() => void navigator.clipboard?.writeText(secret).then(() => setCopied(true))}
        >
          {copied ? 'Copied' : 'Copy secret'}
        </button>
      </div>
    </div>
  );
}
