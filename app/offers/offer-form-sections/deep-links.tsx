import { useState } from 'react';
import { Button } from '~/components/ui/button';
import { CheckboxField } from '~/components/ui/checkbox';
import { ErrorList, inputClass } from '~/components/ui/field';
import { useRows } from '~/components/use-rows';
import type { FieldErrors } from '~/forms/parse-form';
import type { OfferFormDefaults } from '../form-defaults';
import { MAX_ADDITIONAL_DOMAINS } from '../schemas';
import { Section } from './section';

/** Whether creators may build deep links, and the domains (besides the offer URL's) they may reach. */
export function DeepLinksSection({
  defaults,
  errors,
}: {
  defaults: OfferFormDefaults;
  errors: FieldErrors;
}) {
  const [allowDeepLinks, setAllowDeepLinks] = useState(defaults.allowCreatorDeepLinks);
  const domains = useRows(() => defaults.additionalDomains.map((value) => ({ value })));
  return (
    <Section
      title="Deep links"
      description="Let members link to any page of your site, not only the offer URL."
    >
      <CheckboxField
        name="allowCreatorDeepLinks"
        label="Allow creators to build deep links"
        hint="Members can create links to other pages on the offer URL's domain and the domains below."
        checked={allowDeepLinks}
        onChange={(e) => setAllowDeepLinks(e.target.checked)}
        errors={errors.allowCreatorDeepLinks}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Additional domains</legend>
        <p className="text-xs text-slate-500">
          Deep links may point to the offer URL's domain, these domains, and their subdomains.
        </p>
        <ErrorList errors={errors.additionalDomains} />
        <ul className="mt-2 space-y-2">
          {domains.rows.map((row, index) => (
            <li key={row.key}>
              <div className="flex items-center gap-2">
                <label htmlFor={`domain-${row.key}`} className="sr-only">
                  Additional domain {index + 1}
                </label>
                <input
                  id={`domain-${row.key}`}
                  name="additionalDomains"
                  value={row.value}
                  placeholder="shop.example.com"
                  className={`${inputClass} max-w-md`}
                  aria-invalid={errors[`additionalDomains.${index}`] ? true : undefined}
                  onChange={(e) => domains.update(index, { value: e.target.value })}
                />
                <button
                  type="button"
                  className="text-sm font-medium text-red-700 hover:underline"
                  onClick={() => domains.remove(index)}
                  aria-label={`Remove domain ${index + 1}`}
                >
                  Remove
                </button>
              </div>
              <ErrorList errors={errors[`additionalDomains.${index}`]} />
            </li>
          ))}
        </ul>
        {domains.rows.length < MAX_ADDITIONAL_DOMAINS ? (
          <Button
            type="button"
            variant="secondary"
            className="mt-2"
            onClick={() => domains.add({ value: '' })}
          >
            Add domain
          </Button>
        ) : null}
      </fieldset>
    </Section>
  );
}
