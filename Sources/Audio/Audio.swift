/// Audio input: files and microphones turned into 16 kHz mono float samples, MFCC and voice activity.
public enum AudioModule {}
