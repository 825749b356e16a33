/** What the Notice card shows: a heading, its paragraphs, a tone and the one next step it offers. */
type Tone = 'info' | 'warning' | 'error';

export interface Notice {
  heading: string;
  body: string[];
  tone: Tone;
  /** `retry` repeats the failed request; `create` links to the create page. */
  action: 'retry' | 'create';
}
