// Brush: paints the active class with a round pen; size with [ ] or the slider.
import { roundPen } from './stroke';

export const brushTool = () => roundPen('brush', 1);
