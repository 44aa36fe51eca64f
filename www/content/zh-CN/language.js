// 页面关于自身语言的中文（www/content/language.js 的翻译）。

export default {
  language: {
    unknown: (value) => `链接指定的语言“${value}”本页没有提供，因此以英文显示。`,
  },
};
