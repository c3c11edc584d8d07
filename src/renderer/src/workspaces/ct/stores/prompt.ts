// The CT workspace's questions to the reader: a small dialog with a message, a few choices and, for a flag, an
// optional reason. One question at a time; `ask` resolves with the choice (and the text typed), or null when the
// reader closes it. PromptDialog.vue shows it.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';

export interface PromptChoice<C extends string = string> {
  id: C;
  text: string;
  /** The choice Enter picks (the first one when none says so). */
  primary?: boolean;
}

export interface Prompt<C extends string = string> {
  title: string;
  message?: string;
  choices: PromptChoice<C>[];
  /** A text field (e.g. the reason of a flag): its label and length limit. */
  input?: { label: string; placeholder?: string; maxLength: number };
}

export interface PromptAnswer<C extends string = string> {
  choice: C;
  text: string;
}

interface Open {
  /** Counts the questions, so that each one gets a fresh dialog. */
  id: number;
  prompt: Prompt;
  resolve: (answer: PromptAnswer | null) => void;
}

export const useCtPrompt = defineStore('ctPrompt', () => {
  const open = shallowRef<Open | null>(null);
  let asked = 0;

  function ask<C extends string>(prompt: Prompt<C>): Promise<PromptAnswer<C> | null> {
    open.value?.resolve(null); // a new question replaces one left open
    return new Promise((resolve) => {
      open.value = { id: ++asked, prompt, resolve: resolve as Open['resolve'] };
    });
  }

  function answer(value: PromptAnswer | null): void {
    const current = open.value;
    open.value = null;
    current?.resolve(value);
  }

  return { open, ask, answer };
});
