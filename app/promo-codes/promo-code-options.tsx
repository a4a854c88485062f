import { CheckboxField } from '~/components/ui/checkbox';
import { Field } from '~/components/ui/field';
import { TEMPLATE_RULE } from './promo-code-rules';

/**
 * Add Members' promo code section: the discount the offer's codes stand for, and codes from a
 * template for the selected members who have no typed code. Plain fields: works without JavaScript.
 */
export function PromoCodeOptions({
  discount,
  template,
  fromTemplate,
  errors,
}: {
  discount: string;
  template: string;
  fromTemplate: boolean;
  errors?: Record<string, string[]>;
}) {
  return (
    <fieldset className="mb-4 rounded-lg p-4 ring-1 ring-slate-200">
      <legend className="px-1 text-sm font-semibold text-slate-900">Promo codes (optional)</legend>
      <p className="mb-3 text-sm text-slate-600">
        A shopper who types a member’s code at checkout is credited to that member, with no click.
        Type a code in a member’s row, or make codes from a template. Codes are upper-cased and
        unique in your brand.
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="promoDiscount"
          name="promoDiscount"
          label="Discount the codes give"
          hint="Shown to the creators beside their code, e.g. “15 % off”."
          defaultValue={discount}
          maxLength={80}
          errors={errors?.promoDiscount}
        />
        <div className="space-y-2">
          <Field
            id="codeTemplate"
            name="codeTemplate"
            label="Code template"
            hint={TEMPLATE_RULE}
            defaultValue={template}
            maxLength={60}
            errors={errors?.template}
          />
          <CheckboxField
            id="codesFromTemplate"
            name="codesFromTemplate"
            label="Give selected members without a typed code a code from the template"
            defaultChecked={fromTemplate}
          />
        </div>
      </div>
    </fieldset>
  );
}
