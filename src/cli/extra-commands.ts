// Commands owned by capability modules register here (train, eval, forecast, demo).
export {};
