/** The built-in offer icons: a brand without artwork picks one instead of uploading an image. */
export const OFFER_ICONS = {
  gift: {
    label: 'Gift',
    path: 'M4 11h16v9H4zM3 7h18v4H3zM12 7v13M12 7S10.5 3 8 3.5 7 7 12 7zm0 0s1.5-4 4-3.5S17 7 12 7z',
  },
  tag: {
    label: 'Price tag',
    path: 'M3 12V4a1 1 0 0 1 1-1h8l9 9-9 9zM7.5 7.5h.01',
  },
  bag: {
    label: 'Shopping bag',
    path: 'M5 8h14l-1 12H6zM9 8V6a3 3 0 0 1 6 0v2',
  },
  sparkles: {
    label: 'Sparkles',
    path: 'M10 3l1.8 5.2L17 10l-5.2 1.8L10 17l-1.8-5.2L3 10l5.2-1.8zM18 14l.9 2.1L21 17l-2.1.9L18 20l-.9-2.1L15 17l2.1-.9z',
  },
  heart: {
    label: 'Heart',
    path: 'M12 20s-7-4.4-9-8.6C1.6 8.3 3.5 5 6.8 5c2 0 3.3 1.1 5.2 3 1.9-1.9 3.2-3 5.2-3 3.3 0 5.2 3.3 3.8 6.4C19 15.6 12 20 12 20z',
  },
  star: {
    label: 'Star',
    path: 'M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z',
  },
  bolt: {
    label: 'Lightning bolt',
    path: 'M13 2L4 14h7l-1 8 9-12h-7z',
  },
  leaf: {
    label: 'Leaf',
    path: 'M5 19c0-8 5-14 15-15-1 10-7 15-15 15zM5 19l7-7',
  },
} as const;

export type OfferIconName = keyof typeof OFFER_ICONS;

export const OFFER_ICON_NAMES = Object.keys(OFFER_ICONS) as [OfferIconName, ...OfferIconName[]];

export function isOfferIcon(name: string | null | undefined): name is OfferIconName {
  return Boolean(name && name in OFFER_ICONS);
}

/** An offer icon as inline SVG in the current text colour. Decorative unless given a title. */
export function OfferIcon({
  name,
  className = 'h-6 w-6',
  title,
}: {
  name: OfferIconName;
  className?: string;
  title?: string;
}) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
      role={title ? 'img' : undefined}
      aria-hidden={title ? undefined : true}
    >
      {title ? <title>{title}</title> : null}
      <path d={OFFER_ICONS[name].path} />
    </svg>
  );
}

/** An offer's picture: its uploaded image, its icon, or a neutral placeholder. */
export function OfferPicture({
  imageId,
  icon,
  className = 'h-10 w-10',
}: {
  imageId: string | null;
  icon: string | null;
  className?: string;
}) {
  if (imageId) {
    return (
      <img
        src={`/offer-images/${imageId}`}
        alt=""
        className={`${className} shrink-0 rounded-md object-cover ring-1 ring-slate-200`}
      />
    );
  }
  return (
    <span
      className={`${className} inline-flex shrink-0 items-center justify-center rounded-md bg-brand-50 text-brand-700 ring-1 ring-brand-100`}
    >
      {isOfferIcon(icon) ? (
        <OfferIcon name={icon} className="h-3/5 w-3/5" />
      ) : (
        <OfferIcon name="tag" className="h-3/5 w-3/5" />
      )}
    </span>
  );
}
