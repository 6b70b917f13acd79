/** A chat screen as the domain describes it: text and rows of buttons (label, callback data); channels render it. */
export type Screen = { text: string; buttons: { label: string; data: string }[][] };
