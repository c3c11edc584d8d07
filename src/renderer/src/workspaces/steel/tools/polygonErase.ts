// Polygon erase: clears the active class inside a drawn outline.
import { polygonTool } from './polygonTool';

export const polygonEraseTool = () => polygonTool('polygon-erase', 0);
