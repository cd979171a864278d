/** Okabe–Ito, without its yellow (too light on white) and black (the theme's text colour). */
export const RUN_COLORS = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#999999'];
