/** What a ChoiceGroup offers: preset choices, and the CUSTOM value that stands for "type your own". */
export interface Choice {
  value: number;
  label: string;
}

/** The radio value of a group's "Custom…" chip (a preset's value is its number as a string). */
export const CUSTOM = 'custom';
