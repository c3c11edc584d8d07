// Polygon: fills the inside of a drawn outline with the active class.
import { polygonTool } from './polygon-tool';

export const polygonFillTool = () => polygonTool('polygon', 1);
