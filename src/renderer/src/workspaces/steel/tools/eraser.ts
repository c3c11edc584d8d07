// Eraser: clears the active class with the same round pen as the brush.
import { roundPen } from './stroke';

export const eraserTool = () => roundPen('eraser', 0);
