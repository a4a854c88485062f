import { z } from 'zod';
import type { Figures } from '../../reporting/figures';
import { moneyAmounts, toMoneyAmounts } from './common';

/** The Reports page's figures (app/reporting), as the API returns them. */
export const figuresRepresentation = z
  .object({
    clicks: z.number().int().meta({ description: 'Clicks by people (bots left out).' }),
    unique_clicks: z.number().int(),
    bot_clicks: z.number().int(),
    conversions: z.number().int().meta({
      description: 'Conversions that count: pending, approved or paid.',
    }),
    sales: moneyAmounts,
    commission: moneyAmounts,
    pending: moneyAmounts,
    approved: moneyAmounts.meta({ description: 'Approved and not yet paid.' }),
    paid: moneyAmounts,
    rejected: z.number().int().meta({ description: 'Conversions rejected by the brand.' }),
    reversed: z.number().int(),
  })
  .meta({ id: 'Figures' });

export type FiguresRepresentation = z.infer<typeof figuresRepresentation>;

export function toFiguresRepresentation(f: Figures): FiguresRepresentation {
  return {
    clicks: f.clicks,
    unique_clicks: f.uniqueClicks,
    bot_clicks: f.botClicks,
    conversions: f.conversions,
    sales: toMoneyAmounts(f.sales),
    commission: toMoneyAmounts(f.commission),
    pending: toMoneyAmounts(f.pending),
    approved: toMoneyAmounts(f.approved),
    paid: toMoneyAmounts(f.paid),
    rejected: f.rejected,
    reversed: f.reversed,
  };
}
