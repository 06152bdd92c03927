/**
 * HanLP's other knowledge: pinyin, traditional → simplified, and its global setup.
 */
package io.bianwei.internal.lexicon;
