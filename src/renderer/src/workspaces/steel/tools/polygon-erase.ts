// Polygon erase: clears the active class inside a drawn outline.
import { polygonTool } from './polygon-tool';

export const polygonEraseTool = () => polygonTool('polygon-erase', 0);
