// 页面在消息栏和状态提示里说的话的中文（www/content/messages.js 的翻译）：模型的 Worker、
// 加载和保存权重、分享链接、网站的离线副本。错误本身的文字（crate 的拒绝理由、浏览器的错误）
// 作为 `message` 传进来，原样引用。

export default {
  messages: {
    workerStopped: 'Worker 停止了',
    restartFailed: ({ reason, message }) => `${reason}；重启失败：${message}`,
    workerRestarted: (reason) => `模型的 Worker 停止了（${reason}）。已经用你最近的权重重启了它。`,
    workerGivesUp: (reason) => `模型的 Worker 一再停止（${reason}）。请重新加载页面，从头开始。`,
    trainingCrashed: (reason) => `训练 Worker 崩溃了（${reason}）。你的模型完好无损；按“开始”重新启动训练。`,
    webgpuFailedTraining: (reason) => `WebGPU 在训练过程中出错（${reason}）。已切换到 CPU，模型完好无损，训练在 CPU 上继续。`,

    // `data`：数据面板的描述，如“MNIST（60,000 张图像；……）”或“本页无法识别的数据”
    trainedOn: (data) => `当前模型的训练数据：${data}。`,
    storageFull: '浏览器的存储空间已满',
    notSaved: (reason) => `训练好的模型无法保存在这个浏览器里（${reason}）。请用“下载权重”把它保存下来。`,
    savedModel: '保存在本浏览器中的模型',
    // `origin`：上面的“保存在本浏览器中的模型”、一个模型文件的路径或文件名
    couldNotLoad: ({ origin, message }) => `加载失败（${origin}）：${message}。当前模型没有改变。`,
    loadedFile: ({ name, data }) => `已加载“${name}”：它的训练数据是 ${data}。`,
    savedUnreadable: '无法读取保存在这个浏览器里的模型；改为从预训练模型开始。',
    pretrainedUnreadable: '无法加载预训练模型',
    moduleFailed: (message) =>
      `WebAssembly 模块加载失败（${message}）。本页需要支持 WebAssembly SIMD 的浏览器（Chrome 91+、Firefox 89+、Safari 16.4+）。`,
    startupFailed: (message) => `启动失败：${message}`,

    linkNeedsShippedModel: '链接只能打开随页面提供的模型；在本页训练的模型，请以文件的形式分享（“下载权重”）。',
    linkCopied: '链接已复制：它会打开这个模型、你的手绘和潜在空间中的这个点（不包含权重）。',
    copyThisLink: (url) => `请复制这个链接：${url}`,
    linkNotOpened: (message) => `链接没能打开（${message}）；页面照常打开。`,

    sourceNotShown: (message) => `无法显示源代码：${message}`,
    // 代码片段的出处：“src/model.rs，第 120–140 行”
    sourceWhere: ({ file, first, last }) => `${file}，第 ${first}–${last} 行`,

    offline: (version) => `可以离线使用：这个版本（${version}）已保存在这个浏览器里。`,
    notKeptOffline: (reason) => `网站没能全部保存下来供离线使用：${reason}`,
  },
};
