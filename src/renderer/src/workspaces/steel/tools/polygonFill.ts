// Polygon: fills the inside of a drawn outline with the active class.
import { polygonTool } from './polygonTool';

export const polygonFillTool = () => polygonTool('polygon', 1);
