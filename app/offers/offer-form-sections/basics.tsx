import { useState, type ReactNode } from 'react';
import { ErrorList, Field, inputClass } from '~/components/ui/field';
import type { FieldErrors } from '~/forms/parse-form';
import type { OfferFormDefaults } from '../form-defaults';
import { OFFER_ICONS, OFFER_ICON_NAMES, OfferIcon } from '../offer-icon';
import { OFFER_STATUS_OPTIONS } from '../options';
import { OFFER_DESCRIPTION_MAX, OFFER_NAME_MAX } from '../schemas';
import { Section } from './section';

/** Name, internal description, picture (upload or icon) and status. */
export function BasicsSection({
  defaults,
  errors,
  name,
  onNameChange,
}: {
  defaults: OfferFormDefaults;
  errors: FieldErrors;
  name: string;
  onNameChange: (name: string) => void;
}) {
  const [picture, setPicture] = useState(defaults.picture);
  return (
    <Section title="Basics">
      <Field
        label="Offer name"
        name="name"
        required
        maxLength={OFFER_NAME_MAX}
        value={name}
        onChange={(e) => onNameChange(e.target.value)}
        errors={errors.name}
        hint="Members see this name on their dashboard."
      />
      <div>
        <label htmlFor="offer-description" className="block text-sm font-medium text-slate-800">
          Description <span className="font-normal text-slate-500">(internal only)</span>
        </label>
        <textarea
          id="offer-description"
          name="description"
          rows={3}
          maxLength={OFFER_DESCRIPTION_MAX}
          defaultValue={defaults.description}
          className={`mt-1 ${inputClass}`}
          aria-describedby="offer-description-hint"
          aria-invalid={errors.description ? true : undefined}
        />
        <p id="offer-description-hint" className="mt-1 text-xs text-slate-500">
          For your team only: never shown to members and never included in emails.
        </p>
        <ErrorList errors={errors.description} />
      </div>

      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Picture</legend>
        <p className="text-xs text-slate-500">
          Upload an image (PNG, JPEG or WebP, up to 2 MB) or pick one of the built-in icons.
        </p>
        <div className="mt-2 flex flex-wrap gap-2">
          <PictureChoice value="none" current={picture} onChange={setPicture} label="None">
            <span className="text-xs text-slate-500">None</span>
          </PictureChoice>
          {defaults.imageId ? (
            <PictureChoice
              value="image"
              current={picture}
              onChange={setPicture}
              label="Current image"
            >
              <img
                src={`/offer-images/${defaults.imageId}`}
                alt=""
                className="h-8 w-8 rounded object-cover"
              />
            </PictureChoice>
          ) : null}
          {OFFER_ICON_NAMES.map((icon) => (
            <PictureChoice
              key={icon}
              value={icon}
              current={picture}
              onChange={setPicture}
              label={OFFER_ICONS[icon].label}
            >
              <OfferIcon name={icon} className="h-6 w-6 text-brand-700" />
            </PictureChoice>
          ))}
          <PictureChoice value="upload" current={picture} onChange={setPicture} label="Upload">
            <span className="text-xs text-slate-600">Upload</span>
          </PictureChoice>
        </div>
        <div className="mt-3">
          <label htmlFor="offer-image" className="block text-sm font-medium text-slate-800">
            Image file
          </label>
          <input
            id="offer-image"
            type="file"
            name="image"
            accept="image/png,image/jpeg,image/webp"
            className="mt-1 block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 file:text-sm file:font-semibold"
            aria-invalid={errors.image ? true : undefined}
            onChange={(e) => {
              if (e.target.files?.length) setPicture('upload');
            }}
          />
          <ErrorList errors={errors.image ?? errors.picture} />
        </div>
      </fieldset>

      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Status</legend>
        <div className="mt-2 flex flex-wrap gap-4 text-sm">
          {OFFER_STATUS_OPTIONS.map(({ value, label, hint }) => (
            <label key={value} className="flex items-start gap-2">
              <input
                type="radio"
                name="status"
                value={value}
                defaultChecked={defaults.status === value}
                className="mt-0.5"
              />
              <span>
                <span className="font-medium text-slate-800">{label}</span>
                <span className="block text-xs text-slate-500">{hint}</span>
              </span>
            </label>
          ))}
        </div>
        <ErrorList errors={errors.status} />
      </fieldset>
    </Section>
  );
}

function PictureChoice({
  value,
  current,
  onChange,
  label,
  children,
}: {
  value: string;
  current: string;
  onChange: (value: string) => void;
  label: string;
  children: ReactNode;
}) {
  return (
    <label
      title={label}
      className="flex h-12 min-w-12 cursor-pointer items-center justify-center rounded-md bg-white px-2 ring-1 ring-slate-300 has-[:checked]:bg-brand-50 has-[:checked]:ring-2 has-[:checked]:ring-brand-600 has-[:focus-visible]:outline has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500"
    >
      <input
        type="radio"
        name="picture"
        value={value}
        checked={current === value}
        onChange={() => onChange(value)}
        className="sr-only"
        aria-label={label}
      />
      {children}
    </label>
  );
}
