// 分享链接被拒绝的理由的中文（www/content/link.js 的翻译）：每种拒绝一句话，说出链接的哪一部分、
// 哪个值不对。链接里各部分的名字（model、z、ink、digit、test、learn、lang）是链接本身的写法，
// 保留原文；模型的名字是文件名，也保留原文。

export default {
  link: {
    tooLong: ({ length, max }) => `链接太长（${length} 个字符；最多 ${max} 个）`,
    unknownPart: ({ part }) => `无法识别的部分“${part}”`,
    repeated: ({ part }) => `${part}：出现了不止一次`,
    modelMissing: () => 'model：缺少这一部分',
    modelUnknown: ({ model, models }) => `model：“${model}”不是随页面提供的模型（${models}）`,
    zCount: ({ count, dims }) => `z：有 ${count} 个值，但模型只有 ${dims} 个潜在维度`,
    zValue: ({ index, text, max }) => `z：第 ${index} 个值（“${text}”）不是 ±${max} 以内的数`,
    inkNotBase64: () => 'ink：不是 base64url 编码',
    inkTooManyStrokes: ({ max }) => `ink：超过 ${max} 笔`,
    inkCutShort: () => 'ink：数据不完整，被截断了',
    digitNotConditional: ({ model }) => `digit：只有条件模型才能指定数字，${model} 不能`,
    digitNotDigit: ({ text }) => `digit：“${text}”不是 0 到 9 的数字`,
    testNotIndex: ({ text, max }) => `test：“${text}”不是测试数字的编号（0 到 ${max} 之间的整数）`,
    learnNotStep: ({ text, steps }) => `learn：“${text}”不是学习路径中的一步（1 到 ${steps}）`,
    langNotTag: ({ text }) => `lang：“${text}”不是语言标签`,
    copiedWithoutTest: '链接已复制，但不包含画板里的测试图像：它来自你自己的数据集，而链接不会携带数据集。',
    copiedWithoutImage: '链接已复制，但不包含画板里的图像文件：链接只携带笔画和测试数字，不携带文件。',
    testNotMnist: ({ index }) => `链接里的测试数字 ${index} 来自 MNIST，但当前使用的测试图像来自你的数据集：画板保持原样。`,
  },
};
