// The tools of the steel workspace, in the order of the tool rail, with their names and keys.
import type { Tool, ToolId } from './tool';
import { brushTool } from './brush';
import { eraserTool } from './eraser';
import { polygonFillTool } from './polygonFill';
import { polygonEraseTool } from './polygonErase';
import { fillTool } from './fill';
import { removeIslandTool } from './removeIsland';
import { magicWandTool } from './magicWand';

export interface ToolInfo {
  id: ToolId;
  /** The visible and accessible name. */
  name: string;
  /** The key that picks it (shown in its hint). */
  key: string;
  hint: string;
  make: () => Tool;
}

export const TOOLS: readonly ToolInfo[] = [
  { id: 'brush', name: 'Brush', key: 'B', hint: 'Paint the active class · size [ ]', make: brushTool },
  { id: 'eraser', name: 'Eraser', key: 'E', hint: 'Erase the active class · size [ ]', make: eraserTool },
  { id: 'polygon', name: 'Polygon', key: 'P', hint: 'Fill a polygon: click corners or drag; Enter or double-click closes', make: polygonFillTool },
  { id: 'polygon-erase', name: 'Polygon erase', key: 'Shift+P', hint: 'Erase inside a polygon', make: polygonEraseTool },
  { id: 'fill', name: 'Fill', key: 'G', hint: 'Fill a closed outline of the active class', make: fillTool },
  { id: 'remove-island', name: 'Remove island', key: 'I', hint: 'Click a defect blob to delete it', make: removeIslandTool },
  { id: 'magic-wand', name: 'Magic wand', key: 'W', hint: 'Click a defect to add its region (Shift+click adds, Alt+click takes away)', make: magicWandTool },
];

export type { Tool, ToolId } from './tool';
