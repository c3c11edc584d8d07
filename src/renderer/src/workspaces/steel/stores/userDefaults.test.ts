import { describe, expect, it } from 'vitest';
import { BRUSH_MAX, BRUSH_MIN, defaultPreferences } from './preferences';
import { BRUSH_SIZE_RANGE, DEFAULT_PREFERENCES } from '../../../../../shared/api/preferences';

describe("the steel workspace and the person's preferences", () => {
  it('bounds the default brush as the workspace bounds its brush', () => {
    expect([BRUSH_MIN, BRUSH_MAX]).toEqual([BRUSH_SIZE_RANGE.min, BRUSH_SIZE_RANGE.max]);
  });

  it('starts a new person where the workspace always started', () => {
    const workspace = defaultPreferences();
    expect([DEFAULT_PREFERENCES.brushSize, DEFAULT_PREFERENCES.overlayOpacity]).toEqual([workspace.brushSize, workspace.opacity]);
  });
});
