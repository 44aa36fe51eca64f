// 页面关于自身语言的中文，以及术语表对话框自己的文字（www/content/language.js 的翻译）。
// 术语本身来自 www/i18n/glossary.json，中英文都在那里。

export default {
  language: {
    unknown: (value) => `链接指定的语言“${value}”本页没有提供，因此以英文显示。`,

    glossary: {
      open: '术语表',
      title: '术语表：英文与中文对照',
      about: '本页用到的每个术语的英文和简体中文写法（与中文 VAE 教程的写法一致），以及选词的说明；符号（x、z、μ、σ、ε、β）、ELBO、KL 和 MNIST 保留原文。本页的中文都依照这个文件：',
      find: '查找术语（英文或中文）',
      count: ({ shown, total }) => (shown === total ? `共 ${total} 个术语和单位` : `${total} 个术语和单位中的 ${shown} 个`),
      none: '没有匹配的术语。',
      elsewhere: '别处也写作（本页不用）：',
      units: '单位',
      close: '关闭',
      failed: (message) => `术语表加载失败（${message}）。`,
    },
  },
};
